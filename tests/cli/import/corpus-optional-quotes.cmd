rm-import --raw ../../corpus/csvkit/optional_quote_characters.csv
