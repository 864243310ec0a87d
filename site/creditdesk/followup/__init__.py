"""Sales follow-up: next steps, the first-response clock, fair assignment, digest, calendar.

The rules live here (no views): `workhours` (working-hours arithmetic), `steps` (next
steps and contact attempts), `queue` (who has what due), `assign` (automatic
assignment), `digest` and `calendar`. The admin screens (`admin.followup`, `admin.my`,
`admin.profile`) and `flask notify digest` use them.
"""
