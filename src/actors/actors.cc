#include "actors/actors.h"
