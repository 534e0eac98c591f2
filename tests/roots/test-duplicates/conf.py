project = "dups"
extensions = ["sphinx_reqcheck"]
exclude_patterns = ["_build"]
