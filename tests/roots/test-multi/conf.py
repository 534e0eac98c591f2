project = "multi"
version = "3.1"
extensions = ["sphinx_reqcheck"]
exclude_patterns = ["_build"]
