rm-import -p salesforce
