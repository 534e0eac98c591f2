"""Reading what the kernel offers: its build configuration, file systems and cgroups.

These modules parse host files into plain data (``config``, ``cgroupfs``) and hold the
knowledge that changes with kernel versions as data (``renames``). The check modules in
:mod:`sphinx_reqcheck.runner.checks` turn that data into verdicts.
"""
