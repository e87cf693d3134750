rm-import -p hubspot-deals --show > $TMP/m.map && rm-import -M $TMP/m.map hs-deals.csv > $TMP/a && rm-import -p hubspot-deals hs-deals.csv > $TMP/b && cmp $TMP/a $TMP/b && echo same
