// SPDX-License-Identifier: MIT
#pragma once

#include <QLoggingCategory>

// Shared by the config classes so one filter rule ("sanzaru.config.debug=true") covers them all.
Q_DECLARE_LOGGING_CATEGORY(lcSanzaruConfig)
