// SPDX-License-Identifier: MIT
#include "instanceactivation.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocalServer>
#include <QLocalSocket>
#include <QLoggingCategory>
#include <QPointer>
#include <QTimer>

#include <memory>
#include <utility>

namespace Sanzaru::Core {

Q_LOGGING_CATEGORY(lcInstanceActivation, "sanzaru.instance", QtInfoMsg)

namespace {

const QByteArray requestWord = QByteArrayLiteral("activate");
const QByteArray ackWord = QByteArrayLiteral("ok");
// A request is one short line; a peer that sends more, or nothing, is not a sanzaru-qt launcher.
constexpr qint64 maxRequestBytes = 1024 * 1024;
constexpr int serverReadTimeoutMs = 5000;

/// The files of a request: an array of strings, else nothing (and *valid false).
QStringList filesOf(const QJsonValue &value, bool *valid)
{
    QStringList files;
    *valid = value.isArray();
    for (const QJsonValue &file : value.toArray()) {
        if (!file.isString()) {
            *valid = false;
            return {};
        }
        files.append(file.toString());
    }
    return files;
}

// The request line: the bare word, the file array, or the object when a form is named.
QByteArray requestLine(const InstanceActivation::Request &what)
{
    QStringList absolute;
    for (const QString &file : what.files)
        absolute.append(QFileInfo(file).absoluteFilePath());
    QByteArray request = requestWord;
    if (!what.form.isEmpty()) {
        const QJsonObject object{{QLatin1String("files"), QJsonArray::fromStringList(absolute)},
                                 {QLatin1String("form"), what.form}};
        request += ' ' + QJsonDocument(object).toJson(QJsonDocument::Compact);
    } else if (!absolute.isEmpty()) {
        request += ' ' + QJsonDocument(QJsonArray::fromStringList(absolute)).toJson(QJsonDocument::Compact);
    }
    return request + '\n';
}

// The launcher's single completion: the first outcome closes the socket and reaches the callback,
// later ones are ignored. The guard matters while the context is being destroyed: the socket, its
// child, aborts in its destructor and still emits disconnected() to the handlers.
InstanceActivation::Callback completion(QLocalSocket *socket, QObject *context,
                                        InstanceActivation::Callback callback)
{
    auto done = std::make_shared<bool>(false);
    const QPointer<QObject> guard(context);
    return [socket, done, guard, callback = std::move(callback)](const Result<void> &result) {
        if (std::exchange(*done, true) || !guard)
            return;
        socket->disconnect();
        socket->abort();
        socket->deleteLater();
        callback(result);
    };
}

// Reads the instance's one-line answer and turns every way the connection can end into an outcome.
void watchAnswer(QLocalSocket *socket, const InstanceActivation::Callback &complete, const QString &path)
{
    const auto fail = [complete](const Error &error) { complete(Result<void>(error)); };
    auto reply = std::make_shared<QByteArray>();
    QObject::connect(socket, &QLocalSocket::readyRead, socket, [socket, reply, complete, fail] {
        *reply += socket->readAll();
        const qsizetype newline = reply->indexOf('\n');
        if (newline < 0) {
            if (reply->size() > 1024)
                fail(Error::internal(QStringLiteral("The running sanzaru-qt sent an unexpected answer")));
            return;
        }
        const QByteArray answer = reply->left(newline).trimmed();
        if (answer == ackWord)
            return complete(Result<void>());
        fail(Error::internal(QStringLiteral("The running sanzaru-qt refused the request (%1)")
                                 .arg(QString::fromUtf8(answer))));
    });
    QObject::connect(socket, &QLocalSocket::errorOccurred, socket, [socket, fail, path] {
        if (socket->error() == QLocalSocket::PeerClosedError)
            return fail(Error::network(
                QStringLiteral("The running sanzaru-qt closed the connection on %1 without answering")
                    .arg(path)));
        fail(Error::network(QStringLiteral("No sanzaru-qt instance answers on %1").arg(path),
                            socket->errorString()));
    });
    QObject::connect(socket, &QLocalSocket::disconnected, socket, [fail, path] {
        fail(Error::network(
            QStringLiteral("The running sanzaru-qt closed the connection on %1 without answering")
                .arg(path)));
    });
}

} // namespace

bool InstanceActivation::isKnownForm(const QString &form)
{
    return form == QLatin1String("video") || form == QLatin1String("image");
}

InstanceActivation::InstanceActivation(QObject *parent)
    : QObject(parent)
{}

InstanceActivation::~InstanceActivation()
{
    close();
}

McpSocketPath InstanceActivation::pathFor(const McpSocketPath &mcpSocket)
{
    QString name = QFileInfo(mcpSocket.path()).fileName();
    if (name.endsWith(QStringLiteral(".sock")))
        name.chop(5);
    return mcpSocket.sibling(name + QStringLiteral(".activate.sock"));
}

InstanceActivation::ListenResult InstanceActivation::listen(const McpSocketPath &location)
{
    close();
    m_path = location.path();
    const ListenResult result = m_listener.listen(
        location, QStringLiteral("another sanzaru-qt instance listens for activation on %1").arg(m_path),
        QStringLiteral("activation socket"), this);
    m_error = m_listener.errorString();
    if (result != ListenResult::Listening)
        return result;
    connect(m_listener.server(), &QLocalServer::newConnection, this, &InstanceActivation::acceptConnections);
    qCDebug(lcInstanceActivation) << "listening for activation on" << m_path;
    return ListenResult::Listening;
}

void InstanceActivation::close()
{
    const QList<QLocalSocket *> pending = std::exchange(m_pending, {});
    for (QLocalSocket *socket : pending) {
        socket->disconnect(this);
        socket->abort();
        delete socket;
    }
    m_listener.close();
}

bool InstanceActivation::isListening() const
{
    return m_listener.isListening();
}

void InstanceActivation::acceptConnections()
{
    while (m_listener.server() && m_listener.server()->hasPendingConnections()) {
        QLocalSocket *socket = m_listener.server()->nextPendingConnection();
        if (!McpSocketPath::peerIsOwner(socket->socketDescriptor())) {
            qCWarning(lcInstanceActivation) << "refusing an activation request from another user";
            socket->abort();
            socket->deleteLater();
            continue;
        }
        socket->setParent(this);
        m_pending.append(socket);
        const auto drop = [this, socket] {
            if (m_pending.removeOne(socket))
                socket->deleteLater();
        };
        connect(socket, &QLocalSocket::readyRead, this, [this, socket] { readRequest(socket); });
        connect(socket, &QLocalSocket::disconnected, this, drop);
        QTimer::singleShot(serverReadTimeoutMs, socket, [socket] { socket->abort(); });
        if (socket->bytesAvailable() > 0)
            QMetaObject::invokeMethod(
                this, [this, socket] { readRequest(socket); }, Qt::QueuedConnection);
    }
}

void InstanceActivation::readRequest(QLocalSocket *socket)
{
    if (!m_pending.contains(socket))
        return;
    if (!socket->canReadLine()) {
        if (socket->bytesAvailable() > maxRequestBytes) {
            qCWarning(lcInstanceActivation) << "activation request too long; dropping it";
            socket->abort();
        }
        return;
    }
    const QByteArray line = socket->readLine(maxRequestBytes).trimmed();
    QStringList files;
    QString form;
    bool valid = line == requestWord;
    if (!valid && line.startsWith(requestWord + ' ')) {
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(line.mid(requestWord.size() + 1), &error);
        if (error.error != QJsonParseError::NoError) {
            valid = false;
        } else if (doc.isArray()) {
            files = filesOf(doc.array(), &valid);
        } else if (doc.isObject()) {
            // The object form: "files" and "form", nothing else, so a mistyped key is not silently ignored.
            const QJsonObject object = doc.object();
            const QJsonValue formValue = object.value(QLatin1String("form"));
            form = formValue.toString();
            files = filesOf(object.value(QLatin1String("files")), &valid);
            valid = valid && formValue.isString() && isKnownForm(form) && object.size() == 2;
        } else {
            valid = false;
        }
    }
    // The socket is done either way: answer, flush and let disconnected() delete it.
    m_pending.removeOne(socket);
    connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
    if (!valid) {
        qCWarning(lcInstanceActivation) << "ignoring a malformed activation request";
        socket->write("error\n");
        socket->disconnectFromServer();
        return;
    }
    socket->write(ackWord + '\n');
    socket->disconnectFromServer();
    qCDebug(lcInstanceActivation) << "activation requested; files:" << files << "form:" << form;
    emit activationRequested(files, form);
}

void InstanceActivation::requestActivation(const McpSocketPath &location, const Request &what,
                                           QObject *context, Callback callback, int timeoutMs)
{
    const QByteArray request = requestLine(what);
    // The socket is a child of the context: if the context goes, so do the socket, its timer and every
    // connection below, and the callback is never called.
    auto *socket = new QLocalSocket(context);
    const QString path = location.path();
    const Callback complete = completion(socket, context, std::move(callback));
    const auto fail = [complete](const Error &error) { complete(Result<void>(error)); };

    auto *timer = new QTimer(socket);
    timer->setSingleShot(true);
    QObject::connect(timer, &QTimer::timeout, socket, [fail, path, timeoutMs] {
        fail(Error::timeout(QStringLiteral("The running sanzaru-qt did not answer on %1 within %2 s")
                                .arg(path)
                                .arg(timeoutMs / 1000.0)));
    });
    QObject::connect(socket, &QLocalSocket::connected, socket, [socket, fail, request, path] {
        if (!McpSocketPath::peerIsOwner(socket->socketDescriptor()))
            return fail(Error::config(QStringLiteral("The process on %1 runs as another user").arg(path)));
        socket->write(request);
    });
    watchAnswer(socket, complete, path);
    // Started from the event loop so that no outcome, not even "no socket", reaches the callback before
    // requestActivation() has returned.
    QMetaObject::invokeMethod(
        socket,
        [socket, timer, fail, location, timeoutMs] {
            if (const Result<void> ok = location.check(); !ok)
                return fail(ok.error());
            timer->start(timeoutMs);
            socket->connectToServer(location.path());
        },
        Qt::QueuedConnection);
}

} // namespace Sanzaru::Core
