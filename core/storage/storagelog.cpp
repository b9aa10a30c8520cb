// SPDX-License-Identifier: MIT
#include "storagelog.h"

Q_LOGGING_CATEGORY(lcSanzaruStorage, "sanzaru.storage")
