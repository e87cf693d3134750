rm-report --help | head -3; rm-report --version
