namespace kabar::eval {}
