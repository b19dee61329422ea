"""Subscriptions: following another calendar's published .ics feed (http, https, webcal) as a
read-only calendar of the store.

- `fetch`: one download with the standard library's http.client: ETag / If-Modified-Since (a 304
  keeps the copy), a timeout per read and an overall deadline, a size limit, bounded redirects,
  and a one-line `FetchError` for every way it can fail;
- `feedread`: the downloaded file read by the .ics importer's reader (series stay series) into
  events whose ids carry the calendar's name (`NAME:UID`), so that they never collide with local
  ones;
- `refresh`: one subscription (or those due) fetched, read and written: the calendar's events
  replaced in one transaction, or, on any failure, the last good copy kept and the error recorded.

May import `agenda.core`, `agenda.ics` (its facade) and the standard library; never the CLI or the
UI. The store's side (the `subscriptions` table) is `agenda.core.store.subscription_table`.
"""
