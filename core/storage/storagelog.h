// SPDX-License-Identifier: MIT
#pragma once

#include <QLoggingCategory>

// Shared by the storage classes so one filter rule ("sanzaru.storage.debug=true") covers them all.
Q_DECLARE_LOGGING_CATEGORY(lcSanzaruStorage)
