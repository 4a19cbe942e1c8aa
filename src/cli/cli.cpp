namespace kabar {}
