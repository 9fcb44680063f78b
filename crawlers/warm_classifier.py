"""The classifier, loaded once by the crawl launcher's fork server when crawls classify.

Loading it takes seconds (scikit-learn's import and the model); every crawl process forked
afterwards shares the loaded model instead of loading its own. The model is the one the
settings of the starting process name (DATA_DIR/model, else the shipped one); a crawl
whose settings name another loads that one itself.
"""

from __future__ import annotations

try:
    from models.settings import load_settings
    from models.tagging import load_classifier

    load_classifier(load_settings().resolved_model_dir)
except Exception:  # no classifier installed or trained yet: crawls store calls untagged
    pass
