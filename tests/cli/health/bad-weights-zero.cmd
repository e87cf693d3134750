rm-health -W usage=0,support=0,payments=0,sentiment=0,engagement=0 events.tsv
