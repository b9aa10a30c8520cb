// SPDX-License-Identifier: MIT
#include "configlog.h"

Q_LOGGING_CATEGORY(lcSanzaruConfig, "sanzaru.config")
