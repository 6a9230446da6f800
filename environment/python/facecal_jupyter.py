"""facecal's additions to Jupyter's HTML export (nbconvert), loaded from the project's .venv.

environment/setup.sh puts this folder on the .venv's import path (a .pth file) and configures nbconvert and the
Jupyter server (.venv/etc/jupyter/*_config.d/facecal.json) to export HTML with the `facecal` template
(environment/nbconvert/facecal) and the PlotlyInliner preprocessor below. So every HTML export of a notebook - from
environment/run-notebooks.py, from `jupyter nbconvert --to html`, or from JupyterLab's File > Save and Export
Notebook As > HTML - draws its Plotly figures without a network.
"""

from nbconvert.preprocessors import Preprocessor

PLOTLY_MIME = "application/vnd.plotly.v1+json"


def has_plotly_output(nb):
    """True when any code cell has a Plotly figure output."""
    for cell in nb.cells:
        if cell.get("cell_type") != "code":
            continue
        for out in cell.get("outputs", []):
            if PLOTLY_MIME in out.get("data", {}):
                return True
    return False


class PlotlyInliner(Preprocessor):
    """Puts plotly.js (the copy inside the `plotly` Python package, the same one JupyterLab's renderer uses) into
    resources["facecal_plotly_js"] when the notebook has Plotly figures; the facecal template writes it once into
    the page's <head>, where each figure's HTML fallback finds window.Plotly."""

    def preprocess(self, nb, resources):
        if has_plotly_output(nb):
            from plotly.offline import get_plotlyjs

            js = get_plotlyjs()
            if "</script" in js:
                raise ValueError("the plotly.js bundle contains '</script' and cannot be inlined")
            resources["facecal_plotly_js"] = js
        return nb, resources
