rm-churn --model bgnbd --unit year small.tsv
