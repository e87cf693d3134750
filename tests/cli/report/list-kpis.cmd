rm-report --list-kpis
