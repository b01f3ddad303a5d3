"""Every reach into WeasyPrint beyond its documented API, in one place.

The grid (:mod:`.grid`) must know how wide a run of digits is in the font
that will set it, and only the layout engine knows: its Pango, with the
same font map, shaping and language. WeasyPrint documents ``HTML``, ``CSS``
and ``FontConfiguration`` but not the Pango binding behind them, nor how it
draws letter-spacing, nor a way to embed a font without keeping every glyph
id (which makes a CJK font 150 KB for a few hundred glyphs); the functions
here are the only code that touches any of it. ``INTERNALS`` lists the
names, and ``tests/test_compat_canaries.py`` fails naming the one that a new
release renamed or removed; the PDF tests read every character back, so a
glyph renumbered wrong cannot pass unseen.
"""

from __future__ import annotations

import re
import subprocess
import sys
from typing import Any

#: the WeasyPrint release these were read against (pinned in the lock)
CHECKED_AGAINST = "70.0"

#: (module path, attribute) of every reach below
INTERNALS = (
    ("weasyprint.text.ffi", "ffi"),
    ("weasyprint.text.ffi", "pango"),
    ("weasyprint.text.ffi", "gobject"),
    ("weasyprint.text.ffi", "TO_UNITS"),
    ("weasyprint.text.ffi", "FROM_UNITS"),
    ("weasyprint.text.fonts", "FontConfiguration"),
    ("weasyprint.text.fonts.FontConfiguration", "font_map"),
    ("weasyprint.text.fonts", "get_hb_object_data"),
    ("weasyprint.text.ffi", "harfbuzz"),
    ("weasyprint.text.ffi", "harfbuzz_subset"),
    ("weasyprint.pdf", "build_fonts_dictionary"),
    ("weasyprint.pdf.fonts", "Font"),
    ("weasyprint.pdf.fonts.Font", "clean"),
)


def load() -> None:
    """Import WeasyPrint, its C libraries found quickly.

    At import WeasyPrint opens GObject, Pango, HarfBuzz and fontconfig by
    trying several names each, Windows' and macOS' before Linux's; cffi
    hands each name it cannot open to ``ctypes.util.find_library``, which on
    Linux asks ``ldconfig``, then compiles a test program with gcc and links
    one with ld: some 40 ms a name that does not exist, 0.4 s an export. For
    that import alone, a name is looked up in the loader's cache (``ldconfig
    -p``, read once), as ``find_library`` does first; a name it does not
    hold is not there, and WeasyPrint goes on to the Linux name, which opens
    directly. And the parts of fontTools it imports for what a report never
    reaches (``DEFERRED``) are imported when first used."""
    if "weasyprint" in sys.modules:
        return
    import ctypes.util

    cache = _loader_cache()
    original = ctypes.util.find_library

    def find_library(name: str) -> str | None:
        prefix = f"lib{name}."
        return next((soname for soname in cache or () if soname.startswith(prefix)), None)

    if cache is not None:  # else not Linux, or no ldconfig: the library's own way
        ctypes.util.find_library = find_library
    deferred = [m for m, names in DEFERRED.items() if _defer(m, names)]
    try:
        import weasyprint  # noqa: F401
    finally:
        ctypes.util.find_library = original
        for module in deferred:
            del sys.modules[module]


#: fontTools' variable-font instancer and subsetter: WeasyPrint imports them
#: at start-up (0.2 s, most of fontTools) for variable fonts and for
#: subsetting without HarfBuzz, neither of which a report with HarfBuzz and
#: its static faces reaches; the names it imports from them
DEFERRED: dict[str, tuple[str, ...]] = {
    "fontTools.varLib.instancer": ("instantiateVariableFont",),
    "fontTools.subset": (),
}


def _defer(module: str, names: tuple[str, ...]) -> bool:
    """Let WeasyPrint import ``module`` (and ``names`` from it) without
    loading it: a stand-in whose attributes, and whose ``names`` when
    called, load the real module then. True when the stand-in was put in
    place; the caller takes it out of ``sys.modules`` again, so any later
    import gets the real module."""
    if module in sys.modules:
        return False
    import importlib
    import types

    class StandIn(types.ModuleType):
        def __getattr__(self, attr: str) -> Any:
            if attr.startswith("__"):
                raise AttributeError(attr)
            if sys.modules.get(module) is self:
                del sys.modules[module]
            return getattr(importlib.import_module(module), attr)

    stand_in = StandIn(module)
    for name in names:
        def call(*args: Any, _name: str = name, **kwargs: Any) -> Any:
            return getattr(stand_in, _name)(*args, **kwargs)

        setattr(stand_in, name, call)
    sys.modules[module] = stand_in
    return True


def _loader_cache() -> list[str] | None:
    """The sonames the dynamic loader's cache holds for this machine's
    word size, in its order; None where there is no ``ldconfig``."""
    if not sys.platform.startswith("linux"):
        return None
    for exe in ("/sbin/ldconfig", "/usr/sbin/ldconfig", "ldconfig"):
        try:
            out = subprocess.run([exe, "-p"], capture_output=True, text=True, timeout=10, check=True,
                                 env={"LC_ALL": "C", "LANG": "C"}).stdout
        except (OSError, subprocess.SubprocessError):
            continue
        bits = "x86-64" if sys.maxsize > 2**32 else ""
        names = []
        for m in re.finditer(r"^\s+(\S+)\s+\(([^)]*)\)", out, re.M):
            if not bits or bits in m.group(2) or "64" in m.group(2):
                names.append(m.group(1))
        return names or None
    return None


def font_configuration() -> Any:
    """A fontconfig configuration to lay out with: measuring and laying out
    with the same one means one font map and one fontconfig load."""
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


class PangoLayout:
    """One Pango layout on ``font_config``'s font map, as WeasyPrint makes
    its own (glyph positions not rounded, the document's language), to
    measure the width of a line of text in a font."""

    def __init__(self, font_config: Any, language: str):
        from weasyprint.text.ffi import FROM_UNITS, TO_UNITS, ffi, gobject, pango

        self._ffi, self._pango = ffi, pango
        self._to, self._from = TO_UNITS, FROM_UNITS
        context = ffi.gc(pango.pango_font_map_create_context(font_config.font_map), gobject.g_object_unref)
        pango.pango_context_set_round_glyph_positions(context, False)
        self._lang = ffi.new("char[]", language.encode())
        pango.pango_context_set_language(context, pango.pango_language_from_string(self._lang))
        self._context = context
        self._layout = ffi.gc(pango.pango_layout_new(context), gobject.g_object_unref)
        self._logical = ffi.new("PangoRectangle *")
        self._ink = ffi.new("PangoRectangle *")

    def width(self, text: str, families: str, weight: int, size: float, italic: bool = False) -> float:
        """Advance width (pt) of ``text`` on one line in the first of
        ``families`` (comma-separated, as CSS lists them) that has each
        character, at ``weight`` and ``size`` pt, with no letter-spacing."""
        ffi, pango = self._ffi, self._pango
        desc = ffi.gc(pango.pango_font_description_new(), pango.pango_font_description_free)
        family = ffi.new("char[]", families.encode())
        pango.pango_font_description_set_family(desc, family)
        pango.pango_font_description_set_weight(desc, weight)
        pango.pango_font_description_set_style(desc, 2 if italic else 0)  # PANGO_STYLE_ITALIC / NORMAL
        pango.pango_font_description_set_absolute_size(desc, int(size * self._to))
        pango.pango_layout_set_font_description(self._layout, desc)
        data = text.encode()
        pango.pango_layout_set_text(self._layout, ffi.new("char[]", data), len(data))
        line = pango.pango_layout_get_line_readonly(self._layout, 0)
        pango.pango_layout_line_get_extents(line, self._ink, self._logical)
        return self._logical.width * self._from


#: Pango units in a CSS px; CSS px in a pt
PANGO_SCALE = 1024
PX_PER_PT = 4 / 3
#: how far a letter-spacing may move (Pango units) to be one the engine draws
#: where it lays it out
_SEARCH = 25
#: the drawing error a character (thousandths of an em) a spacing may keep:
#: 28 characters then drift by 0.045 pt at 3号
_DRIFT = 0.1


def letter_spacing(spacing: float, font_size: float) -> float:
    """The letter-spacing (pt) nearest ``spacing`` that WeasyPrint 70 draws
    where it lays it out, for text of ``font_size`` pt whose glyphs are one
    em wide (CJK).

    The engine lays out with Pango's spacing, ``L`` units of 1/1024 px cut
    toward zero, but draws each glyph with a kerning of
    ``-488 L / S`` thousandths of an em (``S``: the font size in Pango
    units), cut toward zero, plus half the spacing as an offset: the part
    cut off drifts every glyph of a run a little to the right, up to
    0.005 pt at 3号, and the last glyph of a long run into the first of the
    next. So ``L`` is chosen a few units from the asked one, where that
    kerning is (nearly) whole; the value written back converts to exactly
    ``L`` again."""
    size_units = round(font_size * PX_PER_PT * PANGO_SCALE)
    target = spacing * PX_PER_PT * PANGO_SCALE
    if abs(target) < 1:
        return 0.0
    base = int(target)

    def drift(units: int) -> float:
        kerning = abs(488 * units / size_units)
        return kerning - int(kerning)

    candidates = [u for u in range(base - _SEARCH, base + _SEARCH + 1) if u and drift(u) <= _DRIFT]
    units = min(candidates, key=lambda u: (abs(u - target), drift(u))) if candidates else base
    # a hair away from zero, so the engine's cut toward zero gives ``units`` back
    return (units + (0.001 if units > 0 else -0.001)) / PANGO_SCALE / PX_PER_PT


# --- fonts with their glyphs renumbered ----------------------------------------------------------

#: the tables WeasyPrint 70 drops from an embedded font (pdf/fonts.py), dropped here too
_DROP_TABLES = (b"BASE", b"DSIG", b"EBDT", b"EBLC", b"EBSC", b"GPOS", b"GSUB", b"JSTF", b"LTSH", b"PCLT", b"SVG ")
_HB_MAP_INVALID = 0xFFFFFFFF
_HEX = re.compile(rb"<([0-9a-f]+)>")
_plan_api: Any = None


def _plan() -> Any:
    """HarfBuzz's subset plan (old glyph id → new), bound here through
    ctypes (WeasyPrint binds only the one-call subset; a cffi binding would
    parse its declarations anew in every process). None where the library
    lacks it."""
    global _plan_api
    if _plan_api is None:
        import ctypes

        try:
            lib = ctypes.CDLL("libharfbuzz-subset.so.0")
            for name, restype, argtypes in (
                ("hb_subset_plan_create_or_fail", ctypes.c_void_p, [ctypes.c_void_p, ctypes.c_void_p]),
                ("hb_subset_plan_destroy", None, [ctypes.c_void_p]),
                ("hb_subset_plan_execute_or_fail", ctypes.c_void_p, [ctypes.c_void_p]),
                ("hb_subset_plan_old_to_new_glyph_mapping", ctypes.c_void_p, [ctypes.c_void_p]),
                ("hb_map_get", ctypes.c_uint32, [ctypes.c_void_p, ctypes.c_uint32]),
            ):
                fn = getattr(lib, name)
                fn.restype, fn.argtypes = restype, argtypes
        except (OSError, AttributeError):
            _plan_api = False
        else:
            _plan_api = lib
    return _plan_api or None


def _renumbered(font: Any, used: list[int]) -> tuple[bytes, Any, dict[int, int]] | None:
    """``font`` subset to ``used`` glyph ids without keeping their numbers:
    (the font file, its HarfBuzz face, old id → new id); None when HarfBuzz
    cannot say."""
    plib = _plan()
    if plib is None:
        return None
    from weasyprint.text.ffi import ffi, harfbuzz, harfbuzz_subset
    from weasyprint.text.fonts import get_hb_object_data

    if not harfbuzz_subset:
        return None
    subset_input = ffi.gc(harfbuzz_subset.hb_subset_input_create_or_fail(), harfbuzz_subset.hb_subset_input_destroy)
    if subset_input == ffi.NULL:
        return None
    glyphs = harfbuzz_subset.hb_subset_input_glyph_set(subset_input)
    harfbuzz.hb_set_add_sorted_array(glyphs, ffi.new("hb_codepoint_t[]", used), len(used))
    flags = (harfbuzz_subset.HB_SUBSET_FLAGS_PASSTHROUGH_UNRECOGNIZED | harfbuzz_subset.HB_SUBSET_FLAGS_NO_HINTING
             | harfbuzz_subset.HB_SUBSET_FLAGS_DESUBROUTINIZE)  # as WeasyPrint: smaller once compressed
    harfbuzz_subset.hb_subset_input_set_flags(subset_input, flags)
    drop = harfbuzz_subset.hb_subset_input_set(subset_input, harfbuzz_subset.HB_SUBSET_SETS_DROP_TABLE_TAG)
    tags = sorted(harfbuzz.hb_tag_from_string(tag, -1) for tag in _DROP_TABLES)
    harfbuzz.hb_set_add_sorted_array(drop, ffi.new("hb_codepoint_t[]", tags), len(tags))

    def address(pointer: Any) -> int:
        return int(ffi.cast("uintptr_t", pointer))

    plan = plib.hb_subset_plan_create_or_fail(address(font.hb_face), address(subset_input))
    if not plan:
        return None
    try:
        mapping = plib.hb_subset_plan_old_to_new_glyph_mapping(plan)
        new_ids = {old: plib.hb_map_get(mapping, old) for old in used}
        if any(new == _HB_MAP_INVALID for new in new_ids.values()):
            return None
        face = plib.hb_subset_plan_execute_or_fail(plan)
        if not face:
            return None
        hb_face = ffi.gc(ffi.cast("hb_face_t *", face), harfbuzz.hb_face_destroy)
    finally:
        plib.hb_subset_plan_destroy(plan)
    data = get_hb_object_data(hb_face)
    return (data, hb_face, new_ids) if data else None


def _already_clean(to_unicode: Any, hinting: Any) -> None:
    """What a renumbered font's ``clean`` does: nothing (see below)."""


def _renumber_fonts(pdf: Any, fonts: dict[str, Any]) -> None:
    """Each embedded font subset to the glyphs drawn, numbered from 0 (the
    glyph ids in the pages' text rewritten to match), before WeasyPrint
    embeds them.

    WeasyPrint 70 keeps every glyph's number (HarfBuzz's ``RETAIN_GIDS``) so
    that the ids it wrote into the pages stay right: a CJK font whose
    characters sit at ids up to 63 000 then carries 63 000 empty glyphs, two
    metrics tables of 250 KB and a charstring index as long, 80 to 160 KB
    a font compressed, for a few hundred glyphs. Renumbered, a font is its
    glyphs. A font WeasyPrint treats otherwise (a bitmap or colour font, a
    variable one, one in a form, one with characters it lacks) is left to
    it, as is any whose plan HarfBuzz cannot give."""
    groups: dict[str, list[Any]] = {}
    for font in fonts.values():
        groups.setdefault(font.hash, []).append(font)
    renumbered: dict[str, dict[int, int]] = {}
    for name, group in groups.items():
        font = group[0]
        if (font.bitmap or font.png or font.svg or font.colr or "fvar" in font.tables
                or any(f.used_in_forms or f.missing for f in group)):
            continue
        used = sorted({0} | {g for f in group for g in f.widths} | {g for f in group for g in f.to_unicode})
        got = _renumbered(font, used)
        if got is None:
            continue
        data, hb_face, new_ids = got
        font.file_content, font.hb_face = data, hb_face
        # subset already: WeasyPrint's own pass (keeping every id) has nothing left to do
        font.clean = _already_clean
        for f in group:
            f.widths = {new_ids[g]: w for g, w in f.widths.items()}
            f.to_unicode = {new_ids[g]: t for g, t in f.to_unicode.items()}
        renumbered[name] = new_ids
    if not renumbered:
        return
    for obj in pdf.objects:
        chunks = getattr(obj, "stream", None)  # a content stream's operators, as written
        if not isinstance(chunks, list):
            continue
        current = None
        for k, chunk in enumerate(chunks):
            if not isinstance(chunk, bytes):
                continue
            if chunk.endswith(b" Tf") and chunk.startswith(b"/"):  # /NAME SIZE Tf
                current = renumbered.get(chunk[1:chunk.find(b" ")].decode("ascii", "replace"))
            elif current is not None and chunk.endswith(b"] TJ"):
                ids = current

                def renumber(m: re.Match, ids: dict[int, int] = ids) -> bytes:
                    digits = m.group(1)
                    return b"<" + b"".join(b"%04x" % ids[int(digits[i:i + 4], 16)]
                                           for i in range(0, len(digits), 4)) + b">"

                chunks[k] = _HEX.sub(renumber, chunk)


class renumbered_fonts:  # noqa: N801 - used as a context manager, named for what it gives
    """While in effect, the PDFs WeasyPrint writes embed each font with its
    glyphs renumbered (:func:`_renumber_fonts`). WeasyPrint calls the
    fonts step by the name its ``pdf`` package imported; that name is
    wrapped for the duration and put back after."""

    def __enter__(self) -> renumbered_fonts:
        import weasyprint.pdf as wpdf

        self._module = wpdf
        self._original = original = wpdf.build_fonts_dictionary

        def build_fonts_dictionary(pdf: Any, fonts: Any, compress: Any, subset: Any, options: Any) -> Any:
            if subset:
                _renumber_fonts(pdf, fonts)
            return original(pdf, fonts, compress, subset, options)

        wpdf.build_fonts_dictionary = build_fonts_dictionary
        return self

    def __exit__(self, *exc: object) -> None:
        self._module.build_fonts_dictionary = self._original
