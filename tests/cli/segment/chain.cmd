# the output of one run is the input of the next
rm-segment --tiers arr --name abc accounts.tsv | rm-segment -r 'key A: abc == "A" and region == "EU"' -d - --name focus
