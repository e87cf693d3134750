gzip -c events.tsv | rm-health - && gzip -c events.tsv >$TMP/ev.tsv.gz && rm-health $TMP/ev.tsv.gz | cmp - client.out
