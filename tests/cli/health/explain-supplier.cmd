rm-health -P supplier -x acme-parts supplier.tsv
