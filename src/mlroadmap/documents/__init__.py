"""Documents: analyses turned into a neutral :class:`~mlroadmap.document.Document` of
sections (tables, facts, bars, a timeline), each keeping its data for JSON; the renderers
of :mod:`mlroadmap.render` draw them. ``report`` (one per audience), ``show`` (track by
track), ``diff`` and ``history``."""
