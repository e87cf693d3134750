# UCI Online Retail (CC0, see NOTICE): drop cancellations (invoice C...),
# import the lines as order events (value = quantity x price, ref =
# invoice), then RFM as of the day after the last invoice in the data
awk -F'\t' 'NR == 1 || $1 !~ /^C/' online-retail-slice.tsv |
rm-import --tsv -q -t order -m account=CustomerID -m date=InvoiceDate \
	-m value=UnitPrice -m quantity=Quantity -m ref=InvoiceNo |
rm-segment --rfm --as-of 2011-12-10
