rm-segment --help | head -3
rm-segment -V
