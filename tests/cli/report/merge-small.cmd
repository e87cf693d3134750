rm-report --merge -k mrr,nps,tickets_open,open_pipeline,band_green,health_mean partial-small.out
