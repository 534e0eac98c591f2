project = "left-out"
extensions = ["myst_parser", "sphinx_reqcheck"]
exclude_patterns = ["_build"]
