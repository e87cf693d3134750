rm-churn </dev/null
