rm-import --tsv -d ";" -p zendesk-tickets
