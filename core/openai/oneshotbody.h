// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QIODevice>

namespace Sanzaru::Core {

/// A request body that can be read exactly once. QNetworkAccessManager silently re-sends a request
/// whose connection closed before the answer (it resets the upload device and tries again); for a POST
/// that starts paid work that would create a second job. A sequential device that refuses to reset
/// turns that hidden re-send into a ContentReSendError, which ApiExchange reports instead.
class OneShotBody final : public QIODevice
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OneShotBody)

public:
    explicit OneShotBody(const QByteArray &data, QObject *parent = nullptr);

    bool isSequential() const override { return true; }
    bool reset() override { return false; }
    qint64 bytesAvailable() const override;

protected:
    qint64 readData(char *data, qint64 maxSize) override;
    qint64 writeData(const char *, qint64) override { return -1; }

private:
    QByteArray m_data;
    qint64 m_offset = 0;
};

} // namespace Sanzaru::Core
