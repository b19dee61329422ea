"""The bundled organizations as Python, generated from data/organizations.toml: do not
edit; after changing the TOML file, run `python -m agenda.core.organizations >
agenda/core/organizations_bundled.py && ruff format agenda` (a test checks the two agree).
"""

BUNDLED: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("CSTO", "Collective Security Treaty Organization", ()),
    ("SCO", "Shanghai Cooperation Organization", ()),
    ("CIS", "Commonwealth of Independent States", ()),
    ("EAEU", "Eurasian Economic Union", ("EAEU", "EEU", "Eurasian Economic Community")),
    ("BRICS", "BRICS", ()),
    ("G20", "Group of Twenty", ("G-20",)),
    ("G7", "Group of Seven", ("G-7",)),
    ("UN", "United Nations", ()),
    ("UNGA", "United Nations General Assembly", ()),
    ("UNSC", "United Nations Security Council", ()),
    (
        "EU",
        "European Union",
        ("European Council", "Council of the European Union", "Council of the EU"),
    ),
    ("NATO", "North Atlantic Treaty Organization", ()),
    ("ASEAN", "Association of Southeast Asian Nations", ()),
    ("OSCE", "Organization for Security and Co-operation in Europe", ()),
    ("OTS", "Organization of Turkic States", ("Turkic Council",)),
    ("CICA", "Conference on Interaction and Confidence-Building Measures in Asia", ()),
    ("ECO", "Economic Cooperation Organization", ()),
    ("OIC", "Organisation of Islamic Cooperation", ()),
    ("AU", "African Union", ()),
    ("APEC", "Asia-Pacific Economic Cooperation", ()),
    ("GCC", "Gulf Cooperation Council", ()),
    ("OPEC", "Organization of the Petroleum Exporting Countries", ()),
    ("CoE", "Council of Europe", ()),
    ("OAS", "Organization of American States", ()),
    ("WTO", "World Trade Organization", ()),
    ("IMF", "International Monetary Fund", ()),
    ("LAS", "League of Arab States", ("Arab League",)),
    ("CELAC", "Community of Latin American and Caribbean States", ()),
    ("MERCOSUR", "Southern Common Market", ("Mercosur",)),
    ("SAARC", "South Asian Association for Regional Cooperation", ()),
    ("ECOWAS", "Economic Community of West African States", ()),
    ("SADC", "Southern African Development Community", ()),
    ("NAM", "Non-Aligned Movement", ()),
)
