rm-health --version
