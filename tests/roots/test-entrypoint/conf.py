project = "no-extension"
extensions = []
exclude_patterns = ["_build"]
