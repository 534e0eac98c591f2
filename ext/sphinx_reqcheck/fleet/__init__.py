"""``reqcheck fleet``: the runner on every host of an Ansible inventory, one matrix back.

Controller side only: it needs an installed sphinx-reqcheck and ansible-playbook (the
``fleet`` extra); it never goes into ``reqcheck.pyz``.
"""
