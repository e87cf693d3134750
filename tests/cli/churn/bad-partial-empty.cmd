: >$TMP/empty.part
cd $TMP && rm-churn --merge empty.part
