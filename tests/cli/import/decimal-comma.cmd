printf "Kunde;Datum;Betrag\nA;31.12.2023;1.234,50 EUR\nB;1.1.2024;-0,5\n" | rm-import --decimal-comma -m account=Kunde -m date=Datum -m value=Betrag -t delivery
