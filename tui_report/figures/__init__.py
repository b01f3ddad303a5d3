"""Figure values: the formula language, derived figures, placeholders, usage.

Takes a Report; gives every figure's value (``resolve``), its printed form,
where prose uses it and how it changed from last year. Uses ``report`` only.
"""
