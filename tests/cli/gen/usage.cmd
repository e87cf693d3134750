$BUILD/gen-crm nosuchmode; $BUILD/gen-crm events --accounts 0; $BUILD/gen-crm csv --bytes 12Q; $BUILD/gen-crm
