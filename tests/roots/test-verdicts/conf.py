project = "verdicts"
version = "1.0"
extensions = ["myst_parser", "sphinx_reqcheck"]
exclude_patterns = ["_build"]
