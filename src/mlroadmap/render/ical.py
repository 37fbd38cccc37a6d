"""The roadmap's events (:mod:`mlroadmap.calendar`) as an RFC 5545 iCalendar file.

Written with the icalendar library (imported here, so no other command pays for it):
it escapes text, folds lines at 75 octets and ends them with CRLF. Every event is an
all-day event (``DTSTART;VALUE=DATE``, ``DTEND`` the day after the last day) with a UID
that does not change between runs, so a calendar subscribed to the file shows a moved
date as a moved event rather than a copy.

The calendar publishes events; it schedules no meeting. So a decision's signers are named
in its description, not as ``ATTENDEE`` properties, which RFC 5545 (3.8.4.1) forbids in a
publication and which would make the event a group-scheduled one that needs an
``ORGANIZER`` (3.8.4.3) and could send invitations. There is no ``METHOD`` either: RFC
5545 (3.7.2) reads a calendar without one as a snapshot with no scheduling intent (RFC
5546's ``PUBLISH`` would require an ``ORGANIZER``, whose address the roadmap does not have).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from typing import TYPE_CHECKING

from .. import __version__

if TYPE_CHECKING:
    from icalendar import Event as VEvent

    from ..calendar import Event, RoadmapEvents


def stamp_from(environ: Mapping[str, str] | None = None) -> dt.datetime:
    """DTSTAMP: ``SOURCE_DATE_EPOCH`` (seconds since 1970, the reproducible-builds
    convention) when set, else now; in UTC. Raises ValueError when it is not a number."""
    environ = os.environ if environ is None else environ
    value = environ.get("SOURCE_DATE_EPOCH")
    if value is None or value == "":
        return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    try:
        seconds = int(value)
        return dt.datetime.fromtimestamp(seconds, dt.timezone.utc)
    except (ValueError, OverflowError, OSError):
        raise ValueError(f"SOURCE_DATE_EPOCH: {value!r} is not a number of seconds since 1970-01-01") from None


def to_ics(found: RoadmapEvents, stamp: dt.datetime | None = None) -> str:
    """The iCalendar text (CRLF line endings) of ``found``'s events."""
    from icalendar import Calendar

    from ..projection import dates_words

    stamp = stamp if stamp is not None else stamp_from()
    calendar = Calendar()
    calendar.add("prodid", f"-//mlroadmap//mlroadmap {__version__}//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", found.roadmap)
    calendar.add("x-wr-caldesc", f"{found.roadmap}: retraining and revalidation cycles, audits, decisions, "
                                 f"experiment decisions, regulatory deadlines and milestones, as projected on {found.as_of}, "
                                 f"dates {dates_words(found.dates)}")
    for event in found.events:
        calendar.add_component(_vevent(event, stamp))
    return calendar.to_ical().decode("utf-8")


def _vevent(event: Event, stamp: dt.datetime) -> VEvent:
    from icalendar import Event as VEvent
    from icalendar import vRecur

    from ..calendar import KIND_LABELS

    vevent = VEvent()
    vevent.add("uid", event.uid)
    vevent.add("dtstamp", stamp)
    vevent.add("dtstart", event.start)
    vevent.add("dtend", event.end + dt.timedelta(days=1))  # exclusive
    vevent.add("summary", event.title)
    if event.rrule is not None:
        vevent.add("rrule", vRecur(event.rrule.parts()))
        if event.rrule.rdates:
            vevent.add("rdate", list(event.rrule.rdates))
    if event.description:
        vevent.add("description", event.description)
    vevent.add("categories", [KIND_LABELS[event.kind]])
    vevent.add("transp", "TRANSPARENT")  # a reminder on the calendar, not busy time
    if event.url is not None:
        vevent.add("url", event.url)
    return vevent
