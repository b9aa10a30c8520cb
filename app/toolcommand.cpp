// SPDX-License-Identifier: MIT
#include "toolcommand.h"

#include "toolinvoker.h"

#include "tools/toolcontext.h"
#include "tools/toolregistry.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>

#include <cstdio>

namespace Sanzaru::App {

using namespace Sanzaru::Core;

namespace {

QByteArray errorJson(const Error &error)
{
    return QJsonDocument(QJsonObject{{QStringLiteral("error"), error.toJson()}})
        .toJson(QJsonDocument::Indented);
}

} // namespace

ToolCommand::ToolCommand()
{
    // One call, then exit: normal priority for its pool step, and no preview image nobody prints.
    m_services.context()->setOneShot(true);
}

ToolCommand::~ToolCommand() = default;

void ToolCommand::printAndQuit(const QByteArray &json, int exitCode)
{
    std::fwrite(json.constData(), 1, size_t(json.size()), stdout);
    std::fflush(stdout);
    QTimer::singleShot(0, qApp, [exitCode] { QCoreApplication::exit(exitCode); });
}

void ToolCommand::start(const QStringList &commandArguments)
{
    QStringList arguments = commandArguments;
    const bool local = !arguments.isEmpty() && arguments.first() == QStringLiteral("--local");
    if (local)
        arguments.removeFirst();
    if (arguments.isEmpty() || arguments.first() == QStringLiteral("--list")) {
        QJsonArray tools;
        for (const ToolDefinition &tool : m_services.registry()->tools())
            tools.append(QJsonObject{{QStringLiteral("name"), tool.name},
                                     {QStringLiteral("title"), tool.title},
                                     {QStringLiteral("description"), tool.description},
                                     {QStringLiteral("inputSchema"), tool.inputSchema}});
        printAndQuit(
            QJsonDocument(QJsonObject{{QStringLiteral("tools"), tools}}).toJson(QJsonDocument::Indented),
            arguments.isEmpty() ? 2 : 0);
        return;
    }
    const QString name = arguments.at(0);
    QByteArray text = arguments.size() > 1 ? arguments.at(1).toUtf8() : QByteArrayLiteral("{}");
    if (text == "-") {
        QFile in;
        if (!in.open(stdin, QIODevice::ReadOnly))
            return printAndQuit(
                errorJson(Error::io(QStringLiteral("Cannot read the arguments from standard input"))), 2);
        text = in.readAll();
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(text, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject())
        return printAndQuit(
            errorJson(Error::badInput(
                QStringLiteral("The arguments must be a JSON object, e.g. '{\"prompt\": \"...\"}'%1")
                    .arg(parseError.error != QJsonParseError::NoError ? QStringLiteral(" (%1 at offset %2)")
                                                                            .arg(parseError.errorString())
                                                                            .arg(parseError.offset)
                                                                      : QString()))),
            2);
    auto *invoker = new ToolInvoker(&m_services, local, this);
    invoker->invoke(name, doc.object(), [this](const ToolOutcome &outcome) {
        printAndQuit(outcome.json, outcome.kind == ToolOutcome::Kind::Ok          ? 0
                                   : outcome.kind == ToolOutcome::Kind::ToolError ? 1
                                                                                  : 2);
    });
}

} // namespace Sanzaru::App
