project = "kinds"
version = "2.0"
extensions = ["sphinx_reqcheck"]
exclude_patterns = ["_build"]
