#include "app.h"

int main(int argc, char** argv) { return kabar::cli::run_app(argc, argv); }
