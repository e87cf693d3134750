rm-import -p stripe-invoices stripe-invoices.csv
