project = "reqcheck-test"
version = "1.0"
extensions = ["sphinx_reqcheck"]
