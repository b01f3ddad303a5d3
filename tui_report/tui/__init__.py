"""The terminal editor. Everything here sits on top of the report modules
(store, checks, render, structure) and owns no report logic; it is the only
package that imports Textual, so `check` and `export` never pay for it."""
