"""The user's calendar: ICS feeds read into busy spans for the engine (see ``ergo.core.busy``).

``parse`` turns an ICS file into busy spans, ``fetch`` reads a feed (a URL or a
path) with a cache, ``feed`` keeps them fresh on a thread of its own. icalendar
is imported only here, and only once a calendar is configured.
"""
