// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QObject>

#include <functional>

namespace Sanzaru::Core {
class Config;
}

namespace Sanzaru::App::Cli {

/// The agent CLI's help texts and the facts `capabilities` reports without a key or network.
class CliHelp
{
public:
    /// Help for "video", "image", "wait", "capabilities" (anything else: the overview).
    static QByteArray text(const QString &group);
    static QJsonArray commands();
    /// The model `video create` sends when --model is absent: the desktop window's default (the model
    /// table's first current model). The create_video tool's own default stays sanzaru's sora-2, which
    /// OpenAI retired, so MCP and `tool` calls match sanzaru's.
    static QString defaultVideoModel();
    /// The providers as configured: base URLs and whether a key is set (never the key).
    static QJsonObject providers(const Core::Config &config);
    /// Whether an app instance listens on the MCP socket (connect only, nothing sent).
    static void probeApp(QObject *context, std::function<void(bool running, const QString &socket)> done);
};

} // namespace Sanzaru::App::Cli
