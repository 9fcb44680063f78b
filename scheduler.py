"""APScheduler jobs (issue 7): not implemented yet; this module only reserves the name
that pyproject.toml installs."""
