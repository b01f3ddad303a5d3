"""Year over year: start next year's report from this one (``new``), and
compare two years (``compare``).

Takes one or two report folders; gives a new folder or a comparison. Uses
``render``, ``figures`` and ``report``.
"""
