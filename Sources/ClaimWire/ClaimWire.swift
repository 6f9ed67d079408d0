// ClaimWire module. (Placeholder until its issue lands.)
